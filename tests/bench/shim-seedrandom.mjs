// `seedrandom` for tfjs-core's ES modules: only `alea` is used; index.html loads seedrandom/lib/alea.js (window.alea).
export const alea = window.alea;
export default { alea };
