// Start GOV.UK Frontend's components (navigation toggle, error summary, details, ...).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
