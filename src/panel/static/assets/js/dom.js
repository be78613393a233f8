// Builds DOM from data without innerHTML: every string becomes a text node, so nothing the
// server or a customer wrote can turn into markup.

/**
 * h('button', { class: 'primary', onclick: fn, disabled: true, dataset: { id } }, 'Salvar')
 * Props: `class`, `dataset`, `style` (object), `on<event>` handlers, anything else as attribute
 * (false/null/undefined skip it; true sets it empty). Children: strings, numbers, nodes, arrays,
 * null/false (skipped).
 */
export const h = (tag, props = {}, ...children) => {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (key === 'class') element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value
    else if (key === 'dataset') Object.assign(element.dataset, value)
    else if (key === 'style' && typeof value === 'object') Object.assign(element.style, value)
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value)
    else if (key === 'value' && 'value' in element) element.value = value
    else if (key === 'checked' && 'checked' in element) element.checked = Boolean(value)
    else element.setAttribute(key, value === true ? '' : String(value))
  }
  append(element, children)
  return element
}

export const append = (parent, children) => {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return parent
}

/** Replaces an element's content. */
export const replace = (parent, ...children) => {
  parent.replaceChildren()
  return append(parent, children)
}

/** Reads a form's named fields as strings (checkboxes as booleans). */
export const formValues = (form) => {
  const values = {}
  for (const field of form.elements) {
    if (!field.name) continue
    values[field.name] = field.type === 'checkbox' ? field.checked : field.value
  }
  return values
}
