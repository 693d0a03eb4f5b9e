import { hostileSuite } from './hostile';

hostileSuite('portal');
