// Progressive enhancement only: every page works without this file.

// Ask before a destructive action (the form still submits without JavaScript).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

// Select the whole one-time link when it is focused, so that it is easy to copy.
for (const input of document.querySelectorAll('input[data-copy]')) {
  input.addEventListener('focus', () => input.select());
}

// Show only the fields that belong to the organisation type being created or edited.
const orgForm = document.querySelector('form[data-org-form]');
if (orgForm) {
  const typeSelect = orgForm.querySelector('select[name="type"]');
  const sync = () => {
    const type = typeSelect ? typeSelect.value : orgForm.getAttribute('data-org-type');
    for (const block of orgForm.querySelectorAll('[data-for-type]')) {
      block.hidden = Boolean(type) && block.getAttribute('data-for-type') !== type;
    }
  };
  typeSelect?.addEventListener('change', sync);
  sync();
}

// Move focus to the error summary so that screen readers announce it.
document.querySelector('.error-summary')?.focus();

// «Ещё» in the menu: closes on a click elsewhere and on Escape (it opens and closes without this too).
const navMore = document.querySelector('details[data-nav-more]');
if (navMore) {
  document.addEventListener('click', (event) => {
    if (navMore.open && event.target instanceof Node && !navMore.contains(event.target)) navMore.open = false;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && navMore.open) {
      navMore.open = false;
      navMore.querySelector('summary')?.focus();
    }
  });
}
