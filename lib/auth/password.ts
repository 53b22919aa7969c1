import bcrypt from "bcryptjs";

// bcrypt cost 10: ~60 ms per check here, slow enough for offline attacks, fast enough for a login form.
export const hashPassword = (password: string) => bcrypt.hash(password, 10);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
