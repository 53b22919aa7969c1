import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names; where two utilities set the same property (`whitespace-nowrap` from a primitive, `whitespace-normal`
 * from its caller) the later one wins. Without the merge the stylesheet's order would pick, not the caller.
 */
export const cn = (...values: ClassValue[]) => twMerge(clsx(values));
