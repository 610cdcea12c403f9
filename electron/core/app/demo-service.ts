import type { ClientValidationMode, DemoServerSettings, DemoServerStatus } from '../../../shared/types/demo';
import { TrustError } from '../errors';
import type { OpcuaRuntime } from '../opcua/runtime';

/** What the demo-server service needs from the app around it (TrustService gives it). */
export interface DemoHost {
  runtime(): OpcuaRuntime;
  /** The demo server's PKI folder, a built-in store of the app. */
  pkiRoot(): string;
  storeId: string;
  settings(): DemoServerSettings;
  saveSettings(patch: Partial<DemoServerSettings>): void;
  emitStatus(status: DemoServerStatus): void;
}

/** The embedded demo server: start, stop, how it checks clients; its state told to every window. */
export class DemoService {
  private state: Pick<DemoServerStatus, 'state' | 'error'> = { state: 'stopped', error: null };

  constructor(private readonly host: DemoHost) {}

  status(): DemoServerStatus {
    const demo = this.host.runtime().demoServer();
    return { ...this.host.settings(), ...this.state, endpointUrl: demo?.endpointUrl ?? null, listeningPort: demo?.port ?? null, storeId: this.host.storeId };
  }

  /** Starts the server (on `port`, or the next free one); it starts again with the app until stopped. */
  async start(port?: number): Promise<DemoServerStatus> {
    if (port !== undefined) this.host.saveSettings({ port });
    if (this.host.runtime().demoServer()) return this.status();
    this.setState({ state: 'starting', error: null });
    try {
      const { port: first, validation, addRefusedToRejected } = this.host.settings();
      await this.host.runtime().startDemoServer({ pkiRoot: this.host.pkiRoot(), port: first, validation, addRefusedToRejected });
      this.host.saveSettings({ autoStart: true });
      this.setState({ state: 'running', error: null });
    } catch (error) {
      this.setState({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
      throw new TrustError('OPCUA', `the demo server did not start: ${this.state.error}`);
    }
    return this.status();
  }

  async stop(): Promise<DemoServerStatus> {
    await this.host.runtime().stopDemoServer();
    this.host.saveSettings({ autoStart: false });
    this.setState({ state: 'stopped', error: null });
    return this.status();
  }

  /** How the server checks client certificates; takes effect for the next connection. */
  configure(input: { validation: ClientValidationMode; addRefusedToRejected: boolean }): DemoServerStatus {
    this.host.saveSettings(input);
    this.host.runtime().demoServer()?.setValidation(input.validation, input.addRefusedToRejected);
    const status = this.status();
    this.host.emitStatus(status);
    return status;
  }

  private setState(state: Pick<DemoServerStatus, 'state' | 'error'>): void {
    this.state = state;
    this.host.emitStatus(this.status());
  }
}
