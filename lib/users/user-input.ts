import { z } from "zod";
import { roles } from "../db/schema/users";

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "at least 2 characters")
  .max(64, "at most 64 characters")
  .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, dot, dash and underscore only");

// bcrypt reads at most 72 bytes, so a longer password would silently stop mattering past that point.
export const passwordSchema = z
  .string()
  .min(8, "at least 8 characters")
  .refine((p) => Buffer.byteLength(p, "utf8") <= 72, "at most 72 bytes");

export const roleSchema = z.enum(roles);

export const newUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
});
export type NewUserInput = z.infer<typeof newUserSchema>;
