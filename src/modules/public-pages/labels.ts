import type { EventKind, SchoolDocumentType } from '../../db/types.js';
import { EVENT_KIND_LABELS } from '../events/labels.js';
import { DOCUMENT_TYPE_LABELS } from '../documents/labels.js';

export const PUBLIC_LABELS = {
  title: 'Наставничество',
  regionTitle: 'Наставничество в образовательных организациях',
  staffLogin: 'Вход для сотрудников',
  newsTitle: 'Новости публичной страницы',
};

export const kindLabel = (kind: EventKind): string => EVENT_KIND_LABELS[kind];
export const documentTypeLabel = (type: SchoolDocumentType): string => DOCUMENT_TYPE_LABELS[type];
