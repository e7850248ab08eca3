import { hash, verify, type Algorithm } from '@node-rs/argon2';

/*
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 30 ms per hash on
 * a laptop core — slow for an attacker with a stolen table, fast enough for a login.
 */
const OPTIONS = {
  // `Algorithm` is an ambient const enum, unreadable at runtime under verbatimModuleSyntax.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    // A malformed stored hash must read as "wrong password", never as a server error.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash with the same parameters, so a login for an unknown
 * username takes as long as one for a real account and timing reveals nothing.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hash('ducha-timing-equaliser-0', OPTIONS);
  await verifyPassword(await dummyHash, password);
}
