/**
 * The time zones of Russia a municipality chooses from (its «today» decides the date rules),
 * west to east, with their Russian names and offsets from Moscow.
 */
export const RUSSIAN_TIME_ZONES = [
  { value: 'Europe/Kaliningrad', label: 'Калининградское время (МСК−1)' },
  { value: 'Europe/Moscow', label: 'Московское время (МСК)' },
  { value: 'Europe/Samara', label: 'Самарское время (МСК+1)' },
  { value: 'Asia/Yekaterinburg', label: 'Екатеринбургское время (МСК+2)' },
  { value: 'Asia/Omsk', label: 'Омское время (МСК+3)' },
  { value: 'Asia/Krasnoyarsk', label: 'Красноярское время (МСК+4)' },
  { value: 'Asia/Irkutsk', label: 'Иркутское время (МСК+5)' },
  { value: 'Asia/Yakutsk', label: 'Якутское время (МСК+6)' },
  { value: 'Asia/Vladivostok', label: 'Владивостокское время (МСК+7)' },
  { value: 'Asia/Magadan', label: 'Магаданское время (МСК+8)' },
  { value: 'Asia/Kamchatka', label: 'Камчатское время (МСК+9)' },
] as const;

export type RussianTimeZone = (typeof RUSSIAN_TIME_ZONES)[number]['value'];

export const TIME_ZONE_VALUES = RUSSIAN_TIME_ZONES.map((z) => z.value) as [RussianTimeZone, ...RussianTimeZone[]];

export function timeZoneLabel(value: string | null): string {
  return RUSSIAN_TIME_ZONES.find((z) => z.value === value)?.label ?? value ?? '';
}
