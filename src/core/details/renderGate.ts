/**
 * When a details panel renders: a change marks it dirty and renders at once only while the panel is visible
 * and its webview is ready; a hidden panel does no work until it is shown again, then renders once however
 * many changes it missed. A (re)loaded webview renders at once (VS Code destroys a hidden webview's page,
 * so becoming visible loads it again).
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

  /** The webview page (re)loaded and asked for data. */
  webviewReady(): void {
    this.ready = true;
    this.dirty = true;
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
