import type { Api } from '../../../shared/ipc/contract';
import type { CertSummary } from '../../../shared/types/cert';
import { entryLabel } from '../lib/entry-status';
import { currentTarget, defaultVerifyForm, roleJudgedBy, sameCertificate, toVerifyInput, type VerifyForm } from '../lib/verify-request';
import type { AppState, AppStore } from './app-state';

export interface VerifyActionsOptions {
  /** How long the inputs must stay still before an automatic check runs. */
  recheckDelayMs?: number;
}

/**
 * "Would this connect?": asks the host's Part 4 engine what the chosen store's application would say
 * about a certificate. After the first Check, a change of the form or of either store checks again.
 */
export function createVerifyActions(api: Api, store: AppStore, options: VerifyActionsOptions = {}) {
  const delay = options.recheckDelayMs ?? 400;
  const state = () => store.getState();
  // Only the newest request may show its answer: an older one answered late is about older inputs.
  let ticket = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Automatic checks that keep failing say so once, not at every keystroke or disk change.
  let lastFailed = false;

  function cancelScheduled(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule(): void {
    cancelScheduled();
    timer = setTimeout(() => {
      timer = null;
      void check(true);
    }, delay);
  }

  /** The panel shows this certificate: the same one (maybe moved by Sync) keeps its form, another starts over. */
  function showFor(storeId: string, cert: CertSummary): void {
    const target = { storeId, file: cert.file, id: cert.id };
    const current = state().verifyTarget;
    if (sameCertificate(current, target)) {
      if (current!.file !== target.file) state().moveVerifyTarget(target);
      return;
    }
    cancelScheduled();
    ticket++;
    lastFailed = false;
    const now = state();
    now.startVerifyFor(target, defaultVerifyForm(storeId, cert, { stores: now.stores, appStoreId: now.appInfo?.appStoreId ?? null, demoStoreId: now.demo?.storeId ?? null }));
  }

  function setForm(patch: Partial<VerifyForm>): void {
    const form = state().verifyForm;
    if (!form) return;
    const next = { ...patch };
    // A store judges by its role: picking a client's store means checking a server's certificate.
    if (patch.judgeStoreId !== undefined && patch.judgeStoreId !== form.judgeStoreId && patch.role === undefined) {
      const judge = state().stores.find((s) => s.id === patch.judgeStoreId);
      if (judge) next.role = roleJudgedBy(judge);
    }
    state().setVerifyForm(next);
    if (state().verifyChecked) schedule();
  }

  /** Check: runs the engine on the certificate where it is now, with the form as it is. */
  async function check(automatic = false): Promise<void> {
    cancelScheduled();
    const now = state();
    const { verifyTarget, verifyForm } = now;
    if (!verifyTarget || !verifyForm) return;
    const target = currentTarget(now.stores, verifyTarget);
    const judge = now.stores.find((s) => s.id === verifyForm.judgeStoreId);
    // The panel says why (certificate gone, store removed); nothing to ask the host.
    if (!target || !judge) return;
    if (target.file !== verifyTarget.file) now.moveVerifyTarget(target);
    const mine = ++ticket;
    now.setVerifyRunning(true);
    const result = await api['certs:verify'](toVerifyInput(target, verifyForm));
    if (mine !== ticket) return;
    if (result.ok) {
      lastFailed = false;
      state().finishVerify(result.value);
      return;
    }
    state().finishVerify(null);
    if (!automatic || !lastFailed) state().presentError(`Could not check ${labelOf(target.storeId, target.id)} against ${judge.name}`, result.error, () => void check());
    lastFailed = true;
  }

  function labelOf(storeId: string, id: string): string {
    const entry = state().stores.find((s) => s.id === storeId)?.entries.find((e) => e.id === id);
    return entry ? entryLabel(entry) : 'the certificate';
  }

  /** A store changed on disk or by Sync: if it is the certificate's or the judge's, check again. */
  function onStateChange(now: AppState, before: AppState): void {
    if (now.stores === before.stores || !now.verifyChecked || !now.verifyTarget || !now.verifyForm) return;
    const changed = (id: string) => now.stores.find((s) => s.id === id) !== before.stores.find((s) => s.id === id);
    if (changed(now.verifyTarget.storeId) || changed(now.verifyForm.judgeStoreId)) schedule();
  }

  const unsubscribe = store.subscribe(onStateChange);

  /** Stops listening and drops a scheduled check (tests; the window's store lives as long as the window). */
  function dispose(): void {
    unsubscribe();
    cancelScheduled();
  }

  return { showFor, setForm, check: () => check(false), dispose };
}

export type VerifyActions = ReturnType<typeof createVerifyActions>;
