// Starts the built portal (build/ from `npm run build`). On an empty database the server creates the
// demo data set and prints the demo accounts before it listens. PORT defaults to 3000.
process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
process.env.BODY_SIZE_LIMIT ??= '25M'; // usage: sample result files up to 20 MB (multipart overhead included)

await import('../build/index.js');
console.log(`\nJJJ Instrument Share is running at http://localhost:${process.env.PORT}\n`);
