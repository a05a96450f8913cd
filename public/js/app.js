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

// Choosing mentees for a pair: the list of found ones follows the search as one types (the same
// GET form, asked for its list alone); a mentee checked in the list moves to the chosen ones, so
// that a new search keeps it. Without this script the form's buttons do the same by reloading.
const picker = document.querySelector('form[data-mentee-picker]');
const found = picker?.querySelector('[data-mentee-results]');
const chosenList = picker?.querySelector('[data-chosen]');
if (picker && found && chosenList) {
  let pending;
  let timer = 0;
  const refresh = async (page) => {
    // Whatever asks now (a filter, a page) supersedes a search still waiting for the typing to pause.
    clearTimeout(timer);
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(picker)) if (typeof value === 'string') params.append(key, value);
    params.delete('page');
    params.delete('find');
    if (page) params.set('page', page);
    params.set('fragment', 'mentees');
    pending?.abort();
    pending = new AbortController();
    try {
      const response = await fetch(`${picker.action}?${params}`, { signal: pending.signal });
      if (response.ok) found.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== 'AbortError') throw error;
    }
  };
  picker.querySelector('input[name="q"]')?.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => refresh(), 250);
  });
  for (const filter of picker.querySelectorAll('[data-filter]')) filter.addEventListener('change', () => refresh());
  picker.addEventListener('submit', (event) => {
    const button = event.submitter;
    if (button && (button.name === 'page' || button.name === 'find')) {
      event.preventDefault();
      refresh(button.name === 'page' ? button.value : undefined);
    }
  });
  found.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.name !== 'mentee_ids' || !box.checked) return;
    const item = box.closest('li');
    if (!item) return;
    chosenList.append(item);
    box.focus();
    picker.querySelector('[data-chosen-empty]')?.remove();
  });
}

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
