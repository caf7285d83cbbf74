import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ViewBoundaryProps {
  /** The view's name, as its tab says it ("Deal"). */
  readonly view: string;
  readonly children: ReactNode;
  /** Told of each failure (the view shows it too); by default it goes to the console, where the browser suite sees it. */
  readonly onError?: (error: Error, info: ErrorInfo) => void;
}

type ViewBoundaryState = { readonly kind: 'ok' } | { readonly kind: 'failed'; readonly message: string };

/**
 * Keeps one view's failure inside that view: instead of an empty pane, the view says what failed and offers to
 * draw it again, and the tabs, the other views and the sheet's state stay as they were.
 *
 * @example
 * <ViewBoundary view="Deal"><DealPanel … /></ViewBoundary>
 */
export class ViewBoundary extends Component<ViewBoundaryProps, ViewBoundaryState> {
  override state: ViewBoundaryState = { kind: 'ok' };

  static getDerivedStateFromError(error: unknown): ViewBoundaryState {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    if (this.props.onError) this.props.onError(error, info);
    else console.error(`The ${this.props.view} view failed:`, error);
  }

  override render(): ReactNode {
    if (this.state.kind === 'ok') return this.props.children;
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>The {this.props.view} view failed</MessageBarTitle>
          {this.state.message}. The sheet is as it was; the other views still work.
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={() => this.setState({ kind: 'ok' })}>
            Show it again
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
