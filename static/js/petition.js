// The signing and manage forms. Everything works without this script; it only helps.
(() => {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  const summary = document.querySelector(".js-error-summary");
  if (summary) {
    summary.focus();
  }

  const form = document.querySelector(".js-sign-form");
  if (!form) return;

  // The signing page is served from a cache, so it carries no CSRF token: fetch one
  // when someone starts to fill the form, and wait for it if they send it first.
  // Without the token the server shows the form again, filled in, with a fresh one.
  const tokenUrl = form.dataset.tokenUrl;
  // The cached page's time stamp is shared by all its readers and can be sent once:
  // the same answer brings this reader a stamp of their own.
  const tokenInput = form.querySelector("input[name='csrfmiddlewaretoken']");
  const stampInput = form.querySelector("input[name='rendered']");
  if (tokenUrl && tokenInput) {
    let pending = null;
    const fetchToken = () => {
      const url = stampInput ? `${tokenUrl}?rendered=${encodeURIComponent(stampInput.value)}` : tokenUrl;
      pending ??= fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then((response) => (response.ok ? response.json() : {}))
        .then((data) => {
          if (data.csrfmiddlewaretoken) tokenInput.value = data.csrfmiddlewaretoken;
          if (data.rendered && stampInput) stampInput.value = data.rendered;
        })
        .catch(() => {});
      return pending;
    };
    form.addEventListener("focusin", fetchToken, { once: true });
    form.addEventListener("submit", (event) => {
      if (tokenInput.value) return;
      event.preventDefault();
      fetchToken().then(() => {
        tokenInput.value ||= "-";  // no token came: send anyway, the server asks again
        form.requestSubmit();
      });
    });
  }

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
