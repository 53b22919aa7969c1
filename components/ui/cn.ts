import { clsx, type ClassValue } from "clsx";

/** Joins class names; later utilities are appended, so pass overrides last. */
export const cn = (...values: ClassValue[]) => clsx(values);
