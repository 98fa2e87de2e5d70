// Components of the prices and vouchers capability used by shared pages.
export { default as PriceList } from '../pricing/PriceList.svelte';
export { default as QuoteAndVoucher } from './QuoteAndVoucher.svelte';
export { default as SampleQuote } from './SampleQuote.svelte'; // sample vouchers
