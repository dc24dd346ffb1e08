// Start GOV.UK Frontend's components (navigation toggle, error summary, details, ...).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// A table region that scrolls sideways says so, and is a stop for the keyboard (to scroll it
// with the arrow keys); one whose table fits is neither. Checked again whenever its width changes.
const regions = document.querySelectorAll(".sendtrack-scroll");
if (regions.length && "ResizeObserver" in window) {
  const fit = (region) => {
    const scrolls = region.scrollWidth > region.clientWidth + 1;
    region.classList.toggle("sendtrack-scroll--scrolls", scrolls);
    if (scrolls) {
      region.setAttribute("tabindex", "0");
    } else if (document.activeElement !== region) {
      region.removeAttribute("tabindex");
    }
  };
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => fit(entry.target)));
  regions.forEach((region) => observer.observe(region));
}
