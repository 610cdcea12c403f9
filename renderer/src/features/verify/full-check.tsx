import { Accordion, AccordionDetails, AccordionSummary, Box, Chip, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { VerifyResult } from '../../../../shared/types/verify';
import { StatusCodeChip } from '../connect/status-code-chip';
import { VerifyReport } from './verify-report';

/**
 * "Full check": a verification in a collapsed panel (Test connection's diagnosis, the first-connection
 * dialog). Closed it is one line with the verdict; its content is only rendered when open.
 */
export function FullCheck({ title, result, storeName }: { title: string; result: VerifyResult; storeName: string }) {
  const good = result.verdict === 'Good';
  return (
    <Accordion disableGutters variant="outlined" slotProps={{ heading: { component: 'h4' }, transition: { unmountOnExit: true } }} sx={{ borderRadius: 1, '&::before': { display: 'none' } }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />} sx={{ minHeight: 40, px: 1.5, '& .MuiAccordionSummary-content': { my: 0.75, alignItems: 'center', gap: 1, flexWrap: 'wrap', minWidth: 0 } }}>
        <Typography variant="body2" sx={{ fontWeight: 650 }}>
          Full check: {title}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {good ? <Chip label="Good" color="success" variant="outlined" sx={{ height: 22 }} /> : <StatusCodeChip status={result.verdict} hex={result.verdictHex} />}
      </AccordionSummary>
      <AccordionDetails sx={{ px: 1.5, pt: 0, pb: 1.5 }}>
        <VerifyReport result={result} storeName={storeName} />
      </AccordionDetails>
    </Accordion>
  );
}
