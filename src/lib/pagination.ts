export const DEFAULT_PER_PAGE = 25;

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
}

export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.perPage;
}

export function pageOf<T>(rows: T[], total: number, request: PageRequest): Page<T> {
  return {
    rows,
    total,
    page: request.page,
    perPage: request.perPage,
    pageCount: Math.max(1, Math.ceil(total / request.perPage)),
  };
}

/** The URL of another page of the same list, keeping every filter of the current query. */
export function pageUrl(path: string, query: Record<string, string | undefined>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '' && key !== 'page') params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
