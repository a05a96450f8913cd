import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * The version for the visually impaired (ГОСТ Р 52872-2019): font size, colour scheme, letter
 * spacing and images, kept in a cookie the layout reads once per page. The cookie holds nothing
 * secret and is not signed: each part is checked against its list, and an unknown part is replaced
 * by its default, so a tampered cookie can only pick one of the offered settings.
 */
export const FONT_SIZES = ['100', '150', '200'] as const;
export const SCHEMES = ['wb', 'bw', 'blue'] as const;
export const SPACINGS = ['normal', 'wide', 'wider'] as const;
export const IMAGES = ['on', 'off'] as const;

export const lowVisionFields = {
  size: z.enum(FONT_SIZES, { message: 'Выберите размер шрифта из предложенных' }),
  scheme: z.enum(SCHEMES, { message: 'Выберите цветовую схему из предложенных' }),
  spacing: z.enum(SPACINGS, { message: 'Выберите интервал между буквами из предложенных' }),
  images: z.enum(IMAGES, { message: 'Выберите, показывать ли изображения' }),
};

export type LowVision = { [K in keyof typeof lowVisionFields]: z.infer<(typeof lowVisionFields)[K]> };

/** What the mode starts with: the largest gain first (GOST's usual first step), images kept. */
export const LOW_VISION_DEFAULTS: LowVision = { size: '150', scheme: 'wb', spacing: 'normal', images: 'on' };

const KEYS = ['size', 'scheme', 'spacing', 'images'] as const;

/** The cookie's value: the four settings joined by dots («150.bw.normal.on»). */
export function lowVisionCookieValue(settings: LowVision): string {
  return KEYS.map((k) => settings[k]).join('.');
}

/** The settings in a cookie's value; null when the mode is off (no cookie, or nothing of ours in it). */
export function parseLowVision(raw: string | undefined): LowVision | null {
  if (!raw || raw.length > 64) return null;
  const parts = raw.split('.');
  if (parts.length !== KEYS.length) return null;
  const settings = { ...LOW_VISION_DEFAULTS };
  KEYS.forEach((key, i) => {
    const parsed = lowVisionFields[key].safeParse(parts[i]);
    if (parsed.success) (settings as Record<string, string>)[key] = parsed.data;
  });
  return settings;
}

/** The classes on <html> that public/css/lowvision.css styles. */
export function lowVisionClasses(settings: LowVision | null): string {
  if (!settings) return '';
  const classes = ['lv', `lv-size-${settings.size}`, `lv-scheme-${settings.scheme}`, `lv-space-${settings.spacing}`];
  if (settings.images === 'off') classes.push('lv-noimg');
  return classes.join(' ');
}

export function readLowVision(request: FastifyRequest): LowVision | null {
  return parseLowVision(request.cookies[request.server.cookieNames.lowVision]);
}

/** A year: the choice is the visitor's until they change it («Обычная версия» clears it). */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function setLowVision(reply: FastifyReply, settings: LowVision): void {
  reply.setCookie(reply.server.cookieNames.lowVision, lowVisionCookieValue(settings), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: MAX_AGE_SECONDS,
    secure: reply.server.config.cookieSecure,
  });
}

export function clearLowVision(reply: FastifyReply): void {
  reply.clearCookie(reply.server.cookieNames.lowVision, { path: '/', secure: reply.server.config.cookieSecure });
}
