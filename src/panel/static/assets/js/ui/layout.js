// The frame of a business module page: its intro line on top, then its content.
import { h } from '../dom.js'

/** `<div class="{className} stack">` with the `.module-head` intro and `children`. */
export const modulePage = (className, intro, ...children) =>
  h('div', { class: [className, 'stack'] }, h('header', { class: 'module-head' }, h('p', {}, intro)), children)
