/** Testing Library's DOM matchers (toBeInTheDocument, toHaveAccessibleDescription, …) for the UI tests. */
import '@testing-library/jest-dom';

// jsdom has no layout, so no ResizeObserver; Fluent UI's TabList watches its size. Nothing resizes in jsdom.
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
