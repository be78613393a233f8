// Layouts and palettes are attributes on <html>; the CSS variables do the rest.

export const LAYOUTS = ['fabio2', 'studio']
export const PALETTES = ['darkgreen', 'ocean', 'forest', 'sunset']
export const DEFAULT_LAYOUT = 'studio'
export const DEFAULT_PALETTE = 'darkgreen'

/** Applies a tenant config's `panel` keys (or the defaults). */
export const applyTheme = (panel) => {
  const layout = LAYOUTS.includes(panel?.layout) ? panel.layout : DEFAULT_LAYOUT
  const palette = PALETTES.includes(panel?.palette) ? panel.palette : DEFAULT_PALETTE
  document.documentElement.dataset.layout = layout
  document.documentElement.dataset.palette = palette
}
