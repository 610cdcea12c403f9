import { Button, Stack } from '@mui/material';
import { actions } from '../../store';
import { canStage } from '../../store/actions';
import type { LocatedEntry } from '../../store/selectors';

const QUIET = { borderColor: 'divider', color: 'text.primary' } as const;

/** The Monokot-style buttons above a certificate's details: select, click Trust, then Sync. */
export function EntryActions({ located }: { located: LocatedEntry }) {
  const { entry } = located;
  const targets = [located];
  return (
    <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
      {canStage('trust', entry) && (
        <Button variant="outlined" color="success" disabled={entry.folder === 'trusted'} onClick={() => actions.requestChange('trust', targets)}>
          Trust
        </Button>
      )}
      {canStage('reject', entry) && (
        <Button variant="outlined" color="error" disabled={entry.folder === 'rejected'} onClick={() => actions.requestChange('reject', targets)}>
          Reject
        </Button>
      )}
      <Button variant="outlined" color="inherit" sx={QUIET} onClick={() => actions.requestChange('delete', targets)}>
        Delete…
      </Button>
      {entry.kind !== 'unreadable' && (
        <Button variant="outlined" color="inherit" sx={QUIET} onClick={() => actions.askExport(located)}>
          Export…
        </Button>
      )}
    </Stack>
  );
}
