import { Alert, AlertTitle, Button, Snackbar } from '@mui/material';
import { appStore, useAppStore } from '../store';

/** The one place messages and errors appear: a snackbar with what happened and what to do. */
export function Notifications() {
  const current = useAppStore((s) => s.notifications[0]);
  const waiting = useAppStore((s) => s.notifications.length - 1);
  const dismiss = () => current && appStore.getState().dismiss(current.id);
  const duration = !current ? null : current.severity === 'error' ? 12_000 : current.severity === 'warning' ? 9_000 : 4_000;
  return (
    <Snackbar
      key={current?.id}
      open={current !== undefined}
      autoHideDuration={duration}
      onClose={(_, reason) => {
        if (reason !== 'clickaway') dismiss();
      }}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      sx={{ bottom: { xs: 36 } }}
    >
      {current ? (
        <Alert
          severity={current.severity}
          variant="filled"
          onClose={dismiss}
          role={current.severity === 'error' || current.severity === 'warning' ? 'alert' : 'status'}
          action={
            <>
              {current.action && (
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => {
                    current.action!.run();
                    dismiss();
                  }}
                >
                  {current.action.label}
                </Button>
              )}
              {waiting > 0 && (
                <Button color="inherit" size="small" onClick={dismiss}>
                  Next ({waiting})
                </Button>
              )}
            </>
          }
          sx={{ maxWidth: 720, alignItems: 'flex-start', boxShadow: 3 }}
        >
          {current.hint ? <AlertTitle sx={{ fontSize: 13, mb: 0.25 }}>{current.message}</AlertTitle> : current.message}
          {current.hint}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
