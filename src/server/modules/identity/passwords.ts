import { hash, verify } from '@node-rs/argon2';

/** Hashes and checks passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

/**
 * argon2id (the library's default algorithm) with OWASP's recommended cost: 19 MiB memory, 2 passes.
 * `verify` on an unknown account is run against a fixed hash so that the answer takes as long either way.
 */
export function createPasswordHasher(): PasswordHasher {
  const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}
