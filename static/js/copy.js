// "Copy" buttons next to read-only link fields. Without JavaScript the field can
// still be selected and copied by hand, so the button stays hidden until this runs.
document.querySelectorAll(".js-copy").forEach((button) => {
  const field = document.getElementById(button.dataset.copyTarget);
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    const original = button.textContent;
    button.textContent = button.dataset.copiedText;
    setTimeout(() => { button.textContent = original; }, 2000);
  });
});
