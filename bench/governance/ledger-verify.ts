import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { defineBenchmark, median, now, repeat } from '../harness';
import { deriveFromRows, verifyLedger } from '../../electron/core/governance/verify';
import { concurrentRows, generateLedger } from './_ledger';

/** Raw ed25519 verifications per millisecond on one thread: the floor the ledger check stands on. */
function rawVerifyPerMs(samples: number): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const messages = Array.from({ length: samples }, (_, i) =>
    Buffer.from(`quorum.ledger.v1:${createHash('sha256').update(String(i)).digest('hex')}`),
  );
  const signatures = messages.map((m) => sign(null, m, privateKey));
  const started = now();
  for (let i = 0; i < samples; i++)
    if (!verify(null, messages[i] as Buffer, publicKey, signatures[i] as Buffer)) throw new Error('verify failed');
  return samples / (now() - started);
}

export default defineBenchmark({
  area: 'governance',
  name: 'ledger-verify',
  async run({ log }) {
    const events = 100_000;
    log(`signing a ledger of ${events} events…`);
    const ledger = generateLedger({ events, approvalsPerRequest: 2 });
    try {
      log('verifying (full: hash, signature, links, order, authority)…');
      const runs = await repeat(3, async () => {
        const started = now();
        const report = await verifyLedger(ledger.core.store.db, Date.now());
        if (!report.intact) throw new Error(`benchmark ledger did not verify: ${report.problems[0]?.message ?? ''}`);
        return now() - started;
      });
      const perMs = rawVerifyPerMs(20_000);
      const rawOneCore = events / perMs;
      const cores = Math.max(2, availableParallelism());

      // The fold alone (parse, order, authority in each event's causal past) where it is hardest.
      const perBranch = 10_000;
      log(`signing two concurrent branches of ${perBranch} events, and one line of as many…`);
      const { branches, linear } = concurrentRows(perBranch);
      const fold = (rows: typeof branches) => {
        const started = now();
        const derived = deriveFromRows(rows, { now: Date.now(), crypto: new Uint8Array(rows.length), highestSeqIssued: rows.length });
        if (derived.problems.length > 0 || derived.state.heads.size !== 1) throw new Error('benchmark branches did not fold cleanly');
        return now() - started;
      };
      const branchRuns = await repeat(3, () => Promise.resolve(fold(branches)));
      const linearRuns = await repeat(3, () => Promise.resolve(fold(linear)));
      return [
        {
          label: `verify ${events.toLocaleString('en')} signed events (median of 3, ${cores} workers)`,
          value: median(runs),
          unit: 'ms',
          target: 3_000,
          baseline: { label: `raw ed25519 verify ×${events.toLocaleString('en')}, 1 thread`, value: rawOneCore },
          note: `ideal on ${cores} cores ≈ ${Math.round(rawOneCore / cores)} ms of signature checks alone`,
        },
        {
          label: `fold 2 concurrent branches × ${perBranch.toLocaleString('en')} events, then a merge (median of 3; no signatures)`,
          value: median(branchRuns),
          unit: 'ms',
          baseline: { label: `the same number in one line`, value: median(linearRuns) },
        },
      ];
    } finally {
      ledger.cleanup();
    }
  },
});
