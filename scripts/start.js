// Starts the built portal (build/ from `npm run build`). On an empty database the server creates the
// demo data set and prints the demo accounts before it listens. PORT defaults to 3000.
process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
// adapter-node assumes https when ORIGIN is unset, and SvelteKit's origin check would then refuse every
// form post on http://localhost. Default to the local address; set ORIGIN to the public URL in production.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
process.env.BODY_SIZE_LIMIT ??= '25M'; // usage: sample result files up to 20 MB (multipart overhead included)

await import('../build/index.js');
console.log(`\nJJJ Instrument Share is running at ${process.env.ORIGIN}\n`);
