// One thrownCode for the whole repository: the library's (its own specs cannot reach into the
// service's test/, the other way round is fine).
export { thrownCode } from '../../packages/nest-auth/test/thrown-code';
