#!/bin/sh
# Builds the committed front-end files from the pinned npm packages (see package.json):
#   static/sendtrack/sendtrack.css     GOV.UK Frontend's styles with ours, in Arial (the GDS
#                                      Transport typeface is for gov.uk services only, so it is
#                                      neither used nor shipped)
#   static/vendor/govuk-frontend/      GOV.UK Frontend's JavaScript (an ES module), licence and the
#                                      one image its styles use (the crest)
#   static/vendor/chart.js/            Chart.js (UMD build) with its source map, and licence
# (collectstatic's manifest storage needs every file the CSS and JavaScript refer to.)
#   tests/a11y/vendor/axe.min.js       axe-core, for the accessibility checks
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
root=..
modules=node_modules
mkdir -p "$root/static/vendor/govuk-frontend/assets/images" "$root/static/vendor/chart.js" \
    "$root/static/sendtrack"

npx sass --no-source-map --style=compressed --load-path="$modules" \
    scss/sendtrack.scss "$root/static/sendtrack/sendtrack.css"

cp "$modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$root/static/vendor/govuk-frontend/"
cp "$modules/govuk-frontend/dist/govuk/assets/images/govuk-crest.svg" \
    "$root/static/vendor/govuk-frontend/assets/images/"
# The package carries no licence file; record its version and licence (MIT, Crown copyright).
node -e 'const p = require("./node_modules/govuk-frontend/package.json");
console.log(`GOV.UK Frontend ${p.version}, ${p.license} licence, (c) Crown copyright.\n${p.homepage || "https://github.com/alphagov/govuk-frontend"}`)' \
    > "$root/static/vendor/govuk-frontend/LICENSE.txt"
cp "$modules/chart.js/dist/chart.umd.min.js" "$modules/chart.js/dist/chart.umd.min.js.map" \
    "$root/static/vendor/chart.js/"
cp "$modules/chart.js/LICENSE.md" "$root/static/vendor/chart.js/LICENSE.md"
cp "$modules/axe-core/axe.min.js" "$root/tests/a11y/vendor/axe.min.js"
cp "$modules/axe-core/LICENSE" "$root/tests/a11y/vendor/LICENSE"
echo "Built static/sendtrack/sendtrack.css, static/vendor/ and tests/a11y/vendor/axe.min.js"
