/**
 * The one place that answers "may this user do this action on this resource".
 * Routes declare which roles may reach them at all (MODULE_ROLES; a role that may not gets 403);
 * services then load the resource through the scope helpers in scope.ts (outside the scope: 404)
 * and ask the `can…` functions about the action (forbidden inside the scope: 403). Views receive
 * `can…` flags, never a role. One file per resource in rules/.
 */
export * from './rules/agreements.js';
export * from './rules/audit.js';
export * from './rules/documents.js';
export * from './rules/events.js';
export * from './rules/centre-agreements.js';
export * from './rules/home.js';
export * from './rules/impact.js';
export * from './rules/model-documents.js';
export * from './rules/indicators.js';
export * from './rules/modules.js';
export * from './rules/monitoring.js';
export * from './rules/notice-place.js';
export * from './rules/notifications.js';
export * from './rules/organizations.js';
export * from './rules/pairs.js';
export * from './rules/people.js';
export * from './rules/portfolio.js';
export * from './rules/practices.js';
export * from './rules/programmes.js';
export * from './rules/public-pages.js';
export * from './rules/recognition.js';
export * from './rules/roadmaps.js';
export * from './rules/scope.js';
export * from './rules/surveys.js';
export * from './rules/tags.js';
export * from './rules/users.js';
export * from './rules/jobs.js';
export * from './rules/mail.js';
