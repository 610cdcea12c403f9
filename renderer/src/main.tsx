/**
 * The entry: a small chunk that starts the first reads (early.ts), then loads the window's chunk.
 * While that chunk is fetched and compiled, the event stream opens and the reads go out, so the
 * server answers them while React and MUI are being evaluated instead of after.
 */
import './api/early';

void import('./boot');
