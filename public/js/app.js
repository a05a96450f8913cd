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

  // Pre-fill the name's genitive and prepositional by the server's rule as the full name is typed;
  // a form a person has changed is left alone (without this script, empty ones are filled on saving).
  const fullName = orgForm.querySelector('[name="full_name"]');
  const forms = [
    ['genitive', orgForm.querySelector('[name="full_name_genitive"]')],
    ['prepositional', orgForm.querySelector('[name="full_name_prepositional"]')],
  ];
  if (fullName && forms.every(([, field]) => field)) {
    const guess = async () => {
      const name = fullName.value.trim();
      if (!name) return null;
      const response = await fetch(`/organizations/name-forms?full_name=${encodeURIComponent(name)}`, {
        headers: { accept: 'application/json' },
      });
      return response.ok ? response.json() : null;
    };
    const fill = async (first) => {
      const guessed = await guess();
      if (!guessed) return;
      for (const [key, field] of forms) {
        const untouched = field.value === '' || field.value === field.dataset.guessed;
        if (first ? field.value === guessed[key] : untouched) field.dataset.guessed = guessed[key];
        if (!first && untouched) field.value = guessed[key];
      }
    };
    let timer;
    fullName.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => fill(false), 300);
    });
    fill(true);
  }
}

// Move focus to the error summary so that screen readers announce it.
document.querySelector('.error-summary')?.focus();
