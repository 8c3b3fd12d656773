/**
 * When a details panel renders: a change marks it dirty and renders at once only while the panel is visible
 * and its webview is ready; a hidden panel does no work until it is shown again, then renders once however
 * many changes it missed. A (re)loaded webview renders at once (VS Code destroys a hidden webview's page,
 * so becoming visible loads it again), unless its page was built with the current data.
 */
export class RenderGate {
  private dirty = true;
  private ready = false;
  /** Renders done (the bench and the in-host test count them). */
  renders = 0;

  constructor(
    private readonly render: () => void,
    private visible: boolean,
  ) {}

  /**
   * The page was built with the current data in it (the first load renders it without asking): a render
   * that costs no message. A change after this still makes the page render again once it is ready.
   */
  renderedIntoPage(): void {
    this.dirty = false;
    this.renders++;
  }

  /**
   * The webview page (re)loaded and asked for data. `current`: it already shows the data the page was built
   * with (then only a change since needs a render); otherwise (a reload after being hidden) it renders.
   */
  webviewReady(current = false): void {
    this.ready = true;
    if (!current) this.dirty = true;
    this.flush();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.flush();
  }

  invalidate(): void {
    this.dirty = true;
    this.flush();
  }

  private flush(): void {
    if (!this.dirty || !this.visible || !this.ready) return;
    this.dirty = false;
    this.renders++;
    this.render();
  }
}
