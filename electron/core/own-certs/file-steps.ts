import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { TrustError, ioError } from '../errors';
import { TRASH_DIR, tempPathFor, writeDurable } from '../pki/fs-atomic';
import { applyJournaled, type JournalAction } from '../pki/journal';
import { absolute, relative, type OwnCertContext } from './context';

/** One change to the own folders; a list of them is applied under the store's journal, all or nothing. */
export type FileStep =
  | { kind: 'write'; file: string; bytes: Buffer | string; privateKey?: boolean }
  | { kind: 'move'; from: string; to: string }
  | { kind: 'delete'; file: string };

function ensureFolder(context: OwnCertContext, dir: string): void {
  const isPrivate = dir === context.folders.private || dir.startsWith(context.folders.private + path.sep);
  mkdirSync(dir, { recursive: true, mode: isPrivate ? 0o700 : 0o755 });
  if (isPrivate && process.platform !== 'win32') {
    try {
      chmodSync(dir, 0o700);
    } catch {
      // not ours to change (another owner): the key file itself is still 0600
    }
  }
}

/**
 * Applies the steps through the store's journal: a crash at any point is finished or undone when the
 * store is next opened. New files are written to temp files first (keys 0600). Call with the store lock held.
 */
export function applyFileSteps(context: OwnCertContext, steps: FileStep[]): void {
  const actions: JournalAction[] = [];
  try {
    for (const step of steps) {
      if (step.kind === 'write') {
        const target = absolute(context, step.file);
        ensureFolder(context, path.dirname(target));
        const temp = tempPathFor(target);
        writeDurable(temp, step.bytes, step.privateKey ? 0o600 : 0o644);
        actions.push({ type: 'write', temp: relative(context, temp), to: step.file });
      } else if (step.kind === 'move') {
        // A copy plus a delete, not a journal move: a later step of the same list may write a new
        // file under the old name, and the journal places every new name before it removes old ones.
        const source = absolute(context, step.from);
        const target = absolute(context, step.to);
        ensureFolder(context, path.dirname(target));
        const temp = tempPathFor(target);
        writeDurable(temp, readFileSync(source), statSync(source).mode & 0o777);
        actions.push({ type: 'write', temp: relative(context, temp), to: step.to });
        actions.push({ type: 'delete', from: step.from, trash: `${TRASH_DIR}/${randomBytes(6).toString('hex')}-${path.basename(step.from)}` });
      } else {
        actions.push({ type: 'delete', from: step.file, trash: `${TRASH_DIR}/${randomBytes(6).toString('hex')}-${path.basename(step.file)}` });
      }
    }
    applyJournaled(context.folders.root, actions, context.store.certificateFolderRels());
  } catch (error) {
    for (const action of actions) if (action.type === 'write') rmSync(absolute(context, action.temp), { force: true });
    throw error instanceof TrustError ? error : ioError(error, 'cannot change the own certificate files; nothing was changed');
  }
}
