// Starts every GOV.UK Frontend component on the page (tabs, error summary focus, service navigation, ...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
