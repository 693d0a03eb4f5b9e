import { pushConfig } from '../src/push.ts';
export default pushConfig();
