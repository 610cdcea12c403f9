import type { ReactNode } from 'react';
import { Alert, AlertTitle, Box, Stack, Typography } from '@mui/material';
import type { VerifyResult } from '../../../../shared/types/verify';
import { plural } from '../../lib/format';
import { JUDGE_NOUN } from '../../lib/verify-request';
import { verdictText } from '../../lib/verify-trace';
import { MONO_FONT } from '../../theme';
import { StatusCodeChip } from '../connect/status-code-chip';
import { VerifyChain } from './verify-chain';
import { VerifyChecklist } from './verify-checklist';

/** Good in green, or the status the judge answers in red, with what the client reads when it is a client's certificate. */
export function VerdictHeadline({ result }: { result: VerifyResult }) {
  const text = verdictText(result);
  const suppressed = result.trace.filter((r) => r.status === 'suppressed').length;
  return (
    <Alert role="status" severity={text.good ? 'success' : 'error'} sx={{ '& .MuiAlert-message': { flex: 1, minWidth: 0 } }}>
      <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1, rowGap: 0.5, mb: 0.25 }}>
        <AlertTitle sx={{ fontSize: 14, fontWeight: 700, m: 0 }}>{text.good ? 'Good' : `Refused ${text.where ?? ''}`.trim()}</AlertTitle>
        {text.good ? (
          <Box component="span" sx={{ fontFamily: MONO_FONT, fontSize: 11.5 }}>
            {text.hex}
          </Box>
        ) : (
          <StatusCodeChip status={text.title} hex={text.hex} />
        )}
      </Stack>
      {text.sentence}
      {suppressed > 0 && ` ${plural(suppressed, 'check')} suppressed by the ${JUDGE_NOUN[result.context.role]}’s settings.`}
      {text.wire && (
        <Box sx={{ mt: 0.5 }}>
          <Box component="span" sx={{ fontWeight: 700 }}>
            {text.wire}.
          </Box>
          {result.wireNote && (
            <Typography component="span" variant="body2" sx={{ fontSize: 12.5, ml: 0.5 }}>
              {result.wireNote}
            </Typography>
          )}
        </Box>
      )}
    </Alert>
  );
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <Typography variant="subtitle2" component="h4" color="text.secondary" sx={{ mb: 0.5 }}>
      {children}
    </Typography>
  );
}

/** Where node-opcua decides otherwise than Part 4: our verdict is Part 4's, these say what a node-opcua peer does. */
function StackNotes({ notes }: { notes: string[] }) {
  return (
    <Alert severity="info" variant="outlined" sx={{ py: 0.25, fontSize: 12.5 }}>
      <AlertTitle sx={{ fontSize: 12.5, fontWeight: 700, mb: 0.25 }}>node-opcua behaves differently</AlertTitle>
      <Box component="ul" aria-label="Stack notes" sx={{ m: 0, pl: 2 }}>
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </Box>
    </Alert>
  );
}

/** A check in full: the verdict, the checklist in Part 4 order, the chain, and how other stacks differ. */
export function VerifyReport({ result, storeName }: { result: VerifyResult; storeName: string }) {
  return (
    <Stack spacing={1.5}>
      <VerdictHeadline result={result} />
      <Box component="section" aria-label="Checks in Part 4 order">
        <Heading>Checks, in OPC UA Part 4 order</Heading>
        <VerifyChecklist trace={result.trace} />
      </Box>
      <Box component="section" aria-label="Chain">
        <Heading>Chain, leaf to root</Heading>
        <VerifyChain chain={result.chain} complete={result.chainComplete} storeName={storeName} />
      </Box>
      {result.stackNotes.length > 0 && <StackNotes notes={result.stackNotes} />}
    </Stack>
  );
}
