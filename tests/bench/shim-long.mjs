// `long` for tfjs-core's ES modules (register_all_gradients.js imports it bare): its UMD build sets self.Long.
import './node_modules/long/dist/long.js';
export default self.Long;
