import type { ReactNode } from 'react';
import { Box, Tab, Tabs } from '@mui/material';
import type { CertSummary } from '../../../../shared/types/cert';
import { appStore, useAppStore } from '../../store';
import type { LocatedEntry } from '../../store/selectors';
import type { DetailsTab } from '../../store/verify-slice';
import { WouldConnectPanel } from '../verify/would-connect-panel';

const PANEL_ID = 'certificate-tabpanel';
const tabId = (tab: DetailsTab) => `certificate-tab-${tab}`;

/** A certificate's details, or "Would this connect?" for it: the tab chosen stays while the user walks the tree. */
export function CertificateTabs({ located, cert, children }: { located: LocatedEntry; cert: CertSummary; children: ReactNode }) {
  const tab = useAppStore((s) => s.detailsTab);
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_, value: DetailsTab) => appStore.getState().setDetailsTab(value)}
        aria-label="Certificate views"
        sx={{ minHeight: 34, mb: 1.5, borderBottom: 1, borderColor: 'divider', '& .MuiTab-root': { minHeight: 34, py: 0.5, px: 1.5, fontSize: 13, minWidth: 0 } }}
      >
        <Tab value="certificate" label="Certificate" id={tabId('certificate')} aria-controls={PANEL_ID} />
        <Tab value="verify" label="Would this connect?" id={tabId('verify')} aria-controls={PANEL_ID} />
      </Tabs>
      <Box role="tabpanel" id={PANEL_ID} aria-labelledby={tabId(tab)}>
        {tab === 'verify' ? <WouldConnectPanel located={located} cert={cert} /> : children}
      </Box>
    </>
  );
}
