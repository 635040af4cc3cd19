import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Catches a screen that fails to render so the shell (navigation, palette) stays usable.
 * The shell keys it by page, so moving to another page starts clean.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // React already reports the error and its component stack to the console.
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <section className="error-state" role="alert" aria-label="This screen failed">
        <h1 className="error-state__title">This screen failed to show</h1>
        <p className="error-state__message">{error.message}</p>
        <p className="error-state__hint">
          The rest of Quorum still works: pick another section, or try this screen again. If it keeps failing, this is a bug worth reporting
          with the message above.
        </p>
        <div className="error-state__actions">
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}
