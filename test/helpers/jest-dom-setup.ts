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

// jsdom measures every element as 0 px wide, so Fluent UI's Overflow (the pane's view tabs) would fold every tab
// but the first two into its More menu. Give an Overflow container room: in jsdom every tab fits. The browser
// suite tests the folding at real widths.
if (typeof window !== 'undefined') {
  const original = Object.getOwnPropertyDescriptor(window.HTMLElement.prototype, 'clientWidth');
  Object.defineProperty(window.HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('fui-Overflow') ? 10_000 : (original?.get?.call(this) ?? 0);
    },
  });
}
