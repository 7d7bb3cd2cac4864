// The signing and manage forms. Everything works without this script; it only helps.
(() => {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  const summary = document.querySelector(".js-error-summary");
  if (summary) {
    summary.focus();
  }

  const form = document.querySelector(".js-sign-form");
  if (!form) return;

  // Show the organisation's fields only to those signing for one.
  const orgFields = form.querySelector(".js-organisation-fields");
  const radios = form.querySelectorAll("input[name='kind']");
  if (!orgFields || !radios.length) return;
  const update = () => {
    const checked = form.querySelector("input[name='kind']:checked");
    orgFields.hidden = !(checked && checked.value === "organisation");
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
})();
