#!/bin/sh
# Update the vendored GOV.UK Frontend: ./scripts/update-govuk-frontend.sh 6.6.0
# Installs the exact version from the npm registry into a temporary folder and copies only the precompiled
# CSS and JavaScript into src/csc_workforce/web/static/govuk/. Fonts and images are NOT copied: GDS Transport and
# the crown are for GOV.UK only (see static/govuk/README.md). Then run `make test` and look at the pages.
set -eu
VERSION="${1:?usage: $0 VERSION (for example 6.6.0)}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/src/csc_workforce/web/static/govuk"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm install --silent --no-audit --no-fund --prefix "$WORK" "govuk-frontend@$VERSION"
DIST="$WORK/node_modules/govuk-frontend/dist/govuk"
mkdir -p "$DEST"
cp "$DIST/govuk-frontend.min.css" "$DIST/govuk-frontend.min.js" "$DEST/"
# Source maps point at files we do not ship; drop their references.
sed -i.bak -e 's#//\# sourceMappingURL=[^ ]*##' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$DEST/govuk-frontend.min.css" "$DEST/govuk-frontend.min.js"
rm -f "$DEST"/*.bak
echo "$VERSION" > "$DEST/VERSION"
echo "GOV.UK Frontend $VERSION copied to $DEST"
