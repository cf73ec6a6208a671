#!/usr/bin/env bash
# What `make test` needs beyond Python: a Chromium for the browser tests and Node.js >= 18 with
# npm for lunr.js/axe-core. Installs only what is missing, each on its own, from Debian's
# packages (apt-get, as root or through sudo):
#   - chromium            when no `chromium` is on PATH;
#   - nodejs npm          as one Debian set when there is no `node` at all;
#   - npm                 when `node` is there but `npm` is not (and the node is Debian's);
# an existing Node >= 18 with its npm (NodeSource, nvm, a Docker image) is used as it is.
# Debian's npm depends on Debian's nodejs, so it is never asked for beside another Node.
# When something cannot be installed, it says what is missing and the command that installs it.
# tests/test_install.py runs this with a fake apt-get on PATH for every combination.
set -u

MIN_NODE=18
status=0

say() { printf 'test-deps: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

node_major() {
	# `node --version` prints v20.11.1; anything else counts as no usable node.
	local version
	version=$(node --version 2>/dev/null) || return 1
	[[ $version =~ ^v([0-9]+)\. ]] || return 1
	printf '%s\n' "${BASH_REMATCH[1]}"
}

debian_node() {
	# True when the installed nodejs is Debian's own package (not NodeSource's repack).
	local version
	have dpkg-query || return 1
	version=$(dpkg-query -W -f '${Version}' nodejs 2>/dev/null) || return 1
	[[ -n $version && $version != *nodesource* ]]
}

apt_prefix=()
apt_ready=0
can_apt() {
	# Sets apt_prefix (sudo or nothing) and runs `apt-get update` once; false when apt-get
	# cannot be used here, with the reason said.
	if [ "$apt_ready" = 1 ]; then return 0; fi
	if [ "$apt_ready" = 2 ]; then return 1; fi
	apt_ready=2
	if ! have apt-get; then
		say "no apt-get on this machine (not Debian/Ubuntu?)"
		return 1
	fi
	if [ "$(id -u)" != 0 ]; then
		if have sudo; then
			apt_prefix=(sudo)
		else
			say "apt-get needs root, and there is no sudo"
			return 1
		fi
	fi
	if ! "${apt_prefix[@]}" apt-get update -qq; then
		say "apt-get update failed"
		return 1
	fi
	apt_ready=1
}

install() {
	# install package...: true when apt-get installed them.
	can_apt && DEBIAN_FRONTEND=noninteractive "${apt_prefix[@]}" apt-get install -y -qq "$@" &&
		say "installed $*"
}

missing() {
	# missing "<what, for the message>" package...
	local what=$1
	shift
	say "MISSING: $what. Install it with: sudo apt-get install $* (Debian/Ubuntu)," \
		"or by your system's own means, then run make test again."
	status=1
}

if have chromium; then
	say "chromium: found ($(command -v chromium))"
else
	install chromium || missing "chromium (the browser tests run headless Chromium)" chromium
fi

if have node; then
	major=$(node_major) || major=0
	if [ "$major" -lt "$MIN_NODE" ]; then
		say "MISSING: Node.js >= $MIN_NODE (found $(node --version 2>/dev/null || echo 'an unreadable node')" \
			"at $(command -v node)). Upgrade it (Debian 12: sudo apt-get install nodejs npm;" \
			"or NodeSource/nvm), then run make test again."
		status=1
	elif have npm; then
		say "node: found v$major with npm ($(command -v node)); used as it is"
	elif debian_node; then
		# Debian's own nodejs without its npm: Debian's npm belongs to it.
		install npm || missing "npm (beside Debian's nodejs)" npm
	else
		say "MISSING: npm beside node v$major ($(command -v node)), which is not Debian's nodejs," \
			"so Debian's npm would conflict with it. Install the npm of that Node.js" \
			"(NodeSource's nodejs package includes it; nvm: nvm install-latest-npm)."
		status=1
	fi
elif ! install nodejs npm; then
	# Where apt offers another Node.js (a NodeSource repository), its nodejs carries its own
	# npm and Debian's npm cannot go beside it: nodejs alone is the right set there.
	if ! { [ "$apt_ready" = 1 ] && install nodejs && have npm; }; then
		missing "Node.js >= $MIN_NODE with npm (for lunr.js and axe-core)" nodejs npm
	fi
fi
if [ "$status" = 0 ] && have node && [ "$(node_major || echo 0)" -lt "$MIN_NODE" ]; then
	# apt's nodejs is older than 18 on some releases (Ubuntu 22.04 has 12).
	say "MISSING: Node.js >= $MIN_NODE; apt installed $(node --version 2>/dev/null)." \
		"Install a newer Node.js (NodeSource or nvm), then run make test again."
	status=1
fi

exit "$status"
