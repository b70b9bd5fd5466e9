/** Caps that keep every reply on one phone screen, and the flow's patience. */

/** Days offered as numbered choices (more can be typed). */
export const MAX_DAY_OPTIONS = 7;
/** Times offered for a day, spread over the day (any free one can be typed). */
export const MAX_TIME_OPTIONS = 8;
/** Free times offered around a typed time that is not free. */
export const NEAREST_TIME_OPTIONS = 3;
/** Upcoming appointments listed. */
export const MAX_APPOINTMENT_OPTIONS = 5;
/** Invalid answers in a row before the bot offers staff and steps back. */
export const MAX_INVALID_IN_A_ROW = 5;
/** Longest name accepted for a booking. */
export const MAX_NAME_CHARS = 60;
/** Shortest name accepted for a booking. */
export const MIN_NAME_CHARS = 2;
