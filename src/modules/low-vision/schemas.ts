import { z } from 'zod';
import { lowVisionFields } from '../../http/low-vision.js';

/** The settings page's address: where it came from. */
export const settingsQuery = z.object({ back: z.string().optional() });

/**
 * A settings form: the panel's buttons send one setting each, the settings page all four; what is
 * not sent keeps its current value. `mode=off` is «Обычная версия».
 */
export const settingsForm = z.object({
  back: z.string().optional(),
  mode: z.enum(['on', 'off'], { message: 'Режим: выберите «включить» или «обычная версия»' }).optional(),
  size: lowVisionFields.size.optional(),
  scheme: lowVisionFields.scheme.optional(),
  spacing: lowVisionFields.spacing.optional(),
  images: lowVisionFields.images.optional(),
});

export const SETTING_LABELS = {
  size: 'Размер шрифта',
  scheme: 'Цветовая схема',
  spacing: 'Интервал между буквами',
  images: 'Изображения',
  mode: 'Режим',
};
