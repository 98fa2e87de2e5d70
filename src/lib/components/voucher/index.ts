// Components of the prices and vouchers capability used by shared pages.
export { default as PriceList } from '../pricing/PriceList.svelte';
export { default as QuoteAndVoucher } from './QuoteAndVoucher.svelte';
