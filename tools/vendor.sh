#!/bin/sh
# Copy the browser-side search packages from node_modules (installed by `npm ci` from
# package-lock.json) into theme/static/vendor, with their licences, so the built site serves
# them itself: no CDN, and the strict CSP allows only 'self'. Re-run after a version bump.
set -eu
cd "$(dirname "$0")/.."

src=node_modules
dst=theme/static/vendor
[ -d "$src/lunr" ] && [ -d "$src/lunr-languages" ] || {
  echo "vendor.sh: $src/lunr or $src/lunr-languages missing; run 'npm ci' first" >&2
  exit 1
}

mkdir -p "$dst/lunr" "$dst/lunr-languages"
cp "$src/lunr/lunr.js" "$src/lunr/lunr.min.js" "$src/lunr/LICENSE" "$dst/lunr/"
cp "$src/lunr-languages/lunr.stemmer.support.js" "$src/lunr-languages/lunr.nl.js" \
  "$src/lunr-languages/LICENSE" "$dst/lunr-languages/"
cp "$src/lunr-languages/min/lunr.stemmer.support.min.js" "$src/lunr-languages/min/lunr.nl.min.js" \
  "$dst/lunr-languages/"

# Which versions are vendored, for the licence notice and for anyone auditing the bundle.
node -e '
  const v = (p) => require("./" + p + "/package.json").version;
  console.log("lunr " + v("node_modules/lunr") + " (MIT, see lunr/LICENSE)");
  console.log("lunr-languages " + v("node_modules/lunr-languages") + " (MPL 1.1, see lunr-languages/LICENSE)");
' > "$dst/VERSIONS"
cat "$dst/VERSIONS"
