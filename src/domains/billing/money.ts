/** "R$ 1.234,56" from integer cents (plain spaces, unlike Intl's NBSP, so texts compare simply). */
export const formatCentsBrl = (cents: number): string => {
  const sign = cents < 0 ? '-' : ''
  const absolute = Math.abs(cents)
  const reais = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')
  return `${sign}R$ ${reais},${String(absolute % 100).padStart(2, '0')}`
}
